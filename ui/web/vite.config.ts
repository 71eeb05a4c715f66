/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands in the bundle's resources (served by UiServlet at /); `npm run dev` proxies the API
// to a local server.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../target/classes/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5115' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
