import assert from "node:assert/strict";
import { test } from "node:test";
import { chunkId, ensembleSettings, prefill, type SessionFields } from "../src/session";

const fields = (session: string, role = "", member = "") =>
  ({ session: { value: session }, role: { value: role }, member: { value: member } }) as unknown as SessionFields;

test("ensembleSettings_NoSessionName_PerformsAlone", () => {
  assert.equal(ensembleSettings(fields("  ", "rhythm", "ana")), undefined);
});

test("ensembleSettings_SessionRoleAndName_AreTrimmedAndKept", () => {
  assert.deepEqual(ensembleSettings(fields(" duo ", "energy", " ben ")), { session: "duo", role: "energy", member: "ben" });
});

test("prefill_AddressNamesTheSession_FieldsTakeIt", () => {
  const f = fields("", "", "");
  prefill(f, "?session=duo&role=rhythm&member=ana");
  assert.deepEqual(ensembleSettings(f), { session: "duo", role: "rhythm", member: "ana" });
});

test("chunkId_SameBytesSameId_OtherBytesOtherId", () => {
  const a = new Uint8Array([1, 2, 3, 4]);
  assert.equal(chunkId(a), chunkId(new Uint8Array([1, 2, 3, 4])));
  assert.notEqual(chunkId(a), chunkId(new Uint8Array([1, 2, 3, 5])));
  assert.equal(chunkId(new Uint8Array()), 0x811c9dc5);
});
