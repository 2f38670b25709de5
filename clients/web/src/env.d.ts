/** Vite client types: import.meta.env and CSS imports. */
/// <reference types="vite/client" />
