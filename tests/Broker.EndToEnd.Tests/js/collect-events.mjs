// Reads a Broker event stream with the unchanged npm broker-client and prints each message it delivers
// as one JSON line: {"event": ..., "id": ..., "data": ...}. Exits after the given number of messages.
//
// Usage (after bundling, see BrokerClientTests): node collect.mjs <sse url> <jwt> <count>
import BrokerClient from 'broker-client';

const [url, jwt, countText] = process.argv.slice(2);
const wanted = Number.parseInt(countText, 10);
let seen = 0;

const client = new BrokerClient(url, { headers: { authorization: `Bearer ${jwt}` } });

client.onopen = () => {
  if (!client.announcedOpen) {
    client.announcedOpen = true;
    console.log(JSON.stringify({ open: true }));
  }
};

client.onmessage = (message) => {
  console.log(JSON.stringify({ event: message.type, id: message.lastEventId, data: message.data }));
  seen += 1;
  if (seen >= wanted) {
    client.close();
    process.exit(0);
  }
};

client.onclose = () => {
  console.error(`the stream ended after ${seen} of ${wanted} messages`);
  process.exit(2);
};

setTimeout(() => {
  console.error(`gave up after ${seen} of ${wanted} messages`);
  process.exit(3);
}, 60_000).unref();
