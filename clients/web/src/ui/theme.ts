/**
 * Day or night: the system's choice (prefers-color-scheme) until the user picks one in the menu; the
 * pick is remembered on this device. styles.css switches on `data-theme` on <html>.
 */
export type Theme = "light" | "dark";
const KEY = "edgegram.theme";

/** What is shown now: the saved pick, else the system's. */
export function currentTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === "light" || saved === "dark") return saved;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Applies the saved pick (if any) at start. */
export function applySavedTheme(): void {
  const saved = localStorage.getItem(KEY);
  if (saved === "light" || saved === "dark") document.documentElement.dataset.theme = saved;
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  document.documentElement.dataset.theme = theme;
}
