/** Delivery state of an outgoing message: ✓ sent, ✓✓ read by the other side. */
export function Ticks({ read }: { read: boolean }) {
  return (
    <span class={`ticks ${read ? "read" : "sent"}`} role="img" aria-label={read ? "Read" : "Sent"} data-read={read}>
      {read ? "✓✓" : "✓"}
    </span>
  );
}
