// Vite's ambient types (CSS imports, import.meta.env); tsconfig.web.json loads no global types by itself.
/// <reference types="vite/client" />
