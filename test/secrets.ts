/** Fixed secrets for tests only (never used outside tests): a known identity so clients can pin it. */
export const testSecrets = {
  SERVER_IDENTITY_KEY: "1f".repeat(32),
  MEDIA_SECRET: "2e".repeat(32),
  AUTH_KEY_STORAGE_KEY: "3d".repeat(32),
};
