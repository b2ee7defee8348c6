// Verifies recorded webhook deliveries with the official npm `standardwebhooks` package (1.1.1), as a receiver
// would, and prints the verified payloads as JSON. Input on stdin: { "secret": "whsec_…", "deliveries": [{ "headers": {…}, "body": "…" }] }.
'use strict';

const { Webhook } = require('standardwebhooks');

let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { secret, deliveries } = JSON.parse(input);
  const wh = new Webhook(secret);
  const verified = deliveries.map(d => wh.verify(d.body, d.headers));
  process.stdout.write(JSON.stringify(verified));
});
