/** Entry: renders the app and registers the service worker that keeps the app shell offline-ready. */
import { render } from "preact";
import { App } from "./app.tsx";
import "./styles.css";
import { applySavedTheme } from "./ui/theme.ts";

applySavedTheme();
render(<App />, document.getElementById("app") as HTMLElement);

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("service worker not registered", e));
  });
}
