// Logs in to Broker and prints every event of the user's tenant, using the npm broker-client 0.0.8.
//
// broker-client ships untranspiled ES modules, so bundle this file first (from the repository root):
//   node_modules/.bin/esbuild examples/broker-client/listen.mjs --bundle --format=esm --platform=node \
//       --outfile=.run/listen.mjs
//   node .run/listen.mjs http://127.0.0.1:8080 alice 'a long password' [event name ...]
//
// With event names, only those events are printed (addEventListener); without, every event (onmessage).
import BrokerClient from 'broker-client';

const [gateway, username, password, ...names] = process.argv.slice(2);
if (!gateway || !username || !password) {
  console.error('usage: node listen.mjs <gateway url> <username> <password> [event name ...]');
  process.exit(64);
}

const login = await fetch(`${gateway}/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password }),
});
if (!login.ok) {
  console.error(`login failed (${login.status}): ${(await login.json()).error}`);
  process.exit(1);
}
const { jwt } = await login.json();

const client = new BrokerClient(`${gateway}/sse`, { headers: { authorization: `Bearer ${jwt}` } });
const print = (message) => console.log(`#${message.lastEventId} ${message.type}: ${message.data}`);
if (names.length === 0) {
  client.onmessage = print;
} else {
  names.forEach((name) => client.addEventListener(name, print));
}
client.onclose = () => {
  // Broker ends a stream when the user's credentials change or the JWT expires: log in again to go on.
  console.error('the stream ended');
  process.exit(2);
};
console.error(`listening to ${username}'s tenant; Ctrl-C to stop`);
