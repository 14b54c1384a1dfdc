import { buildFixtureModel, parseOpinion, modelByteSize, toRecord } from '@betbuilder/pricing-model';
import { makeOpinions, kickedOff, advanceInPlay } from './src/traffic';
import { createRng } from './src/random';
import { modelCodec } from '../../apps/pricing-lambda/src/modelCache';
import { encodeEntry, decodeEntry } from '../../libs/cache/src/entryEnvelope';
import { Redis } from 'ioredis';

const rng = createRng('1');
const ops = makeOpinions(3, rng);
const codec = modelCodec();
const pre = parseOpinion(ops[0]) as any;
let live = kickedOff(ops[0]!, 55);
for (let i = 0; i < 5; i++) live = advanceInPlay(live, rng);
const inp = parseOpinion(live) as any;
if (!pre.ok || !inp.ok) throw new Error(JSON.stringify([pre.issues, inp.issues]));
async function main() {
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const [name, op] of [['pre', pre.value], ['inplay', inp.value]] as const) {
  let t = cpu(); const m = buildFixtureModel(op); const b1 = cpu() - t;
  t = cpu(); buildFixtureModel({ ...op }); const b2 = cpu() - t;
  const bytes = encodeEntry(codec, { value: m, softAt: Date.now() + 1e7, hardAt: Date.now() + 1e7 });
  const rec = toRecord(m);
  const sizes = Object.entries(rec.arrays).map(([k, a]) => [k, (a as any).byteLength] as const).sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(name, 'build cpu ms', b1.toFixed(1), b2.toFixed(1), 'bytes', bytes.length, 'meta', JSON.stringify(rec.meta).length, 'modelByteSize', modelByteSize(m));
  console.log(sizes.map(([k, s]) => `${k}=${s}`).join(' '));
  const redis = new Redis({ port: 6399 });
  await redis.set('k', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  for (let r = 0; r < 2; r++) {
    let n = 200; t = cpu(); let w = performance.now();
    for (let i = 0; i < n; i++) { const b = await redis.getBuffer('k'); }
    const get = (cpu() - t) / n; const getW = (performance.now() - w) / n;
    const b = (await redis.getBuffer('k'))!;
    t = cpu(); for (let i = 0; i < n; i++) decodeEntry(codec, b); const dec = (cpu() - t) / n;
    t = cpu(); for (let i = 0; i < n; i++) modelByteSize(m); const sz = (cpu() - t) / n;
    console.log(`  getBuffer cpu ${get.toFixed(3)} ms (wall ${getW.toFixed(3)}), decode ${dec.toFixed(3)} ms, modelByteSize ${sz.toFixed(3)}, aligned ${b.byteOffset & 7}`);
  }
  redis.disconnect();
}

}
void main();
