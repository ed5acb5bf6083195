// Secrets at rest: AES-256-GCM with a key ring from PROVISIO_ENCRYPTION_KEY.
// Ciphertext format "v1:<keyId>:<iv>:<tag>:<data>" (base64url parts): the key id
// travels with the data so old ciphertexts stay readable after a key rotation.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env, parseKeyRing, type KeyRing } from "./env";

function ring(): KeyRing {
  const r = parseKeyRing(env().PROVISIO_ENCRYPTION_KEY);
  if (!r) throw new Error("PROVISIO_ENCRYPTION_KEY is malformed");
  return r;
}

export function encryptSecret(plaintext: string, keyRing: KeyRing = ring()): string {
  const key = keyRing.keys.get(keyRing.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(keyRing.current));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", keyRing.current, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(":");
}

export function decryptSecret(ciphertext: string, keyRing: KeyRing = ring()): string {
  const [v, keyId, iv, tag, data] = ciphertext.split(":");
  if (v !== "v1" || !keyId || !iv || !tag || data === undefined) throw new Error("Unrecognised ciphertext format");
  const key = keyRing.keys.get(keyId);
  if (!key) throw new Error(`The encryption key "${keyId}" that protected this secret is no longer in PROVISIO_ENCRYPTION_KEY`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

export function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a), bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
