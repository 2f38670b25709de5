/**
 * Day or night: the system's choice (prefers-color-scheme) until the user picks one in the menu; the
 * pick is remembered on this device. styles.css switches on `data-theme` on <html>, which is always set.
 */
export type Theme = "light" | "dark";
const KEY = "edgegram.theme";
const system = () => matchMedia("(prefers-color-scheme: dark)");

function savedTheme(): Theme | null {
  const saved = localStorage.getItem(KEY);
  return saved === "light" || saved === "dark" ? saved : null;
}

/** What is shown now: the saved pick, else the system's. */
export function currentTheme(): Theme {
  return savedTheme() ?? (system().matches ? "dark" : "light");
}

/** At start: shows the current theme, and follows the system's while the user has not picked one. */
export function applySavedTheme(): void {
  document.documentElement.dataset.theme = currentTheme();
  system().addEventListener("change", () => {
    if (!savedTheme()) document.documentElement.dataset.theme = currentTheme();
  });
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  document.documentElement.dataset.theme = theme;
}
