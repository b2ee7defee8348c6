// Solves a Broadsheet anti-spam challenge (ALTCHA PoW v2, PBKDF2) off the main thread with Web Crypto.
// The server picked a counter and published the first half of the key it derives; this finds that
// counter by deriving keys for 0, 1, 2 … until one starts with the published prefix.
'use strict';

const hashes = { 'PBKDF2/SHA-256': 'SHA-256', 'PBKDF2/SHA-384': 'SHA-384', 'PBKDF2/SHA-512': 'SHA-512' };

function fromHex(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

function toHex(bytes) {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

// The message is { parameters, start, step }: this worker tries start, start + step, start + 2·step …
self.onmessage = async (event) => {
  const p = event.data.parameters;
  const start = event.data.start || 0;
  const step = event.data.step || 1;
  try {
    const hash = hashes[p.algorithm];
    if (!hash) throw new Error('Unsupported algorithm ' + p.algorithm);
    const nonce = fromHex(p.nonce);
    const salt = fromHex(p.salt);
    const prefix = String(p.keyPrefix).toLowerCase();
    const password = new Uint8Array(nonce.length + 4);
    password.set(nonce);
    const view = new DataView(password.buffer);
    const started = performance.now();
    for (let counter = start; counter <= 0xffffffff; counter += step) {
      view.setUint32(nonce.length, counter, false);
      const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
      const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations: Math.max(1, p.cost) }, key, p.keyLength * 8);
      const derivedKey = toHex(new Uint8Array(bits));
      // An even-length prefix is a byte prefix and an odd one a hex-text prefix: both are a text prefix of the hex.
      if (derivedKey.startsWith(prefix)) {
        self.postMessage({ counter, derivedKey, time: Math.round((performance.now() - started) * 10) / 10 });
        return;
      }
    }
    throw new Error('No solution');
  } catch (error) {
    self.postMessage({ error: String(error && error.message || error) });
  }
};
