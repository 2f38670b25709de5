/** `npm start`: the whole system on this machine, state kept in .state/ (EDGEGRAM_STATE_DIR to change). */
import { startLocalSystem } from "./local-system.ts";

const port = Number(process.env.PORT ?? 8787);
const sys = await startLocalSystem({
  port,
  stateDir: process.env.EDGEGRAM_STATE_DIR,
  echo: true,
  mtprotoTcpPort: Number(process.env.MTPROTO_TCP_PORT ?? 8443),
});
console.log(`\nEdgegram is running at ${sys.url}`);
console.log(`server public key (pin this in clients): ${sys.serverKey}`);
console.log(`MTProto over TCP (relayed to /apiws, docs/mtproto.md): 127.0.0.1:${sys.mtprotoTcpPort}`);
console.log(`MTProto: ws://<host>:${sys.port}/apiws and http://<host>:${sys.port}/api; RSA key for Telegram clients:`);
console.log(sys.mtprotoPublicKeyPem);
console.log(`state is kept in ${sys.stateDir}; dev sign-in codes at ${sys.url}/dev/codes/<phone>\n`);
const stop = () => void sys.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
