/** Items whose text contains the filter (case-insensitive), and the page of them to show. */
export function filterAndPage<T>(items: T[], text: (item: T) => string, filter: string, page: number, pageSize: number) {
  const f = filter.trim().toLowerCase();
  const matching = f ? items.filter((i) => text(i).toLowerCase().includes(f)) : items;
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const current = Math.min(Math.max(page, 0), pages - 1);
  return {
    items: matching.slice(current * pageSize, (current + 1) * pageSize),
    page: current,
    pages,
    total: matching.length,
  };
}
