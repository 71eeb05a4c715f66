// Form fields from a connector's JSON Schema (Arroyo's connectionConfig / tableConfig), and the value
// they produce.

export interface Field {
  key: string;
  title: string;
  description?: string;
  kind: 'string' | 'number' | 'boolean' | 'enum' | 'json';
  options?: string[];
  required: boolean;
  default?: unknown;
}

interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
}

/** The top-level fields of an object schema (text or parsed); nested objects are edited as JSON. */
export function fieldsOf(schema: string | object | null | undefined): Field[] {
  if (!schema) return [];
  let s: JsonSchema;
  try {
    s = (typeof schema === 'string' ? JSON.parse(schema) : schema) as JsonSchema;
  } catch {
    return [];
  }
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([key, p]) => {
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
    let kind: Field['kind'] = 'json';
    if (p.enum) kind = 'enum';
    else if (type === 'string') kind = 'string';
    else if (type === 'integer' || type === 'number') kind = 'number';
    else if (type === 'boolean') kind = 'boolean';
    return {
      key,
      title: p.title ?? key,
      description: p.description,
      kind,
      options: p.enum?.map(String),
      required: required.has(key),
      default: p.default,
    };
  });
}

/** The config object of form values (empty optional values left out); errors name the bad field. */
export function valuesToConfig(fields: Field[], values: Record<string, string | boolean>): { config: Record<string, unknown>; errors: string[] } {
  const config: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '') {
      if (f.required && f.kind !== 'boolean') errors.push(`${f.title} is required`);
      continue;
    }
    if (f.kind === 'boolean') config[f.key] = Boolean(v);
    else if (f.kind === 'number') {
      const n = Number(v);
      if (Number.isNaN(n)) errors.push(`${f.title} must be a number, was '${v}'`);
      else config[f.key] = n;
    } else if (f.kind === 'json') {
      try {
        config[f.key] = JSON.parse(String(v));
      } catch {
        errors.push(`${f.title} must be JSON`);
      }
    } else config[f.key] = v;
  }
  return { config, errors };
}
