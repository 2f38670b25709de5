/** The Edgegram mark: a paper plane on a blue disc (same drawing as the PWA icons). */
export function Logo({ size = 96 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 100 100" aria-hidden="true">
      <defs>
        <linearGradient id="lg" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stop-color="#40a7e3" />
          <stop offset="1" stop-color="#2278c8" />
        </linearGradient>
      </defs>
      <circle cx="50" cy="50" r="48" fill="url(#lg)" />
      <path d="M18 48 L80 24 L62 77 Z" fill="#fff" />
      <path d="M47 57 L80 24 L52 76 Z" fill="#cde4f5" />
    </svg>
  );
}
