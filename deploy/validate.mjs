// Checks the deployment files against the applications, without a cluster:
//   node deploy/validate.mjs <rendered-kustomize-output.yaml or ->
// Every YAML file must parse; every BROKER_* variable in the manifests, the systemd environment file and the
// Dockerfiles must name a setting the silo or the gateway reads; every container port must be the one its
// process is told to listen on; probes must point at declared ports and at paths the gateway serves.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

function parseYaml(text, where) {
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    for (const error of doc.errors) problem(where, `YAML: ${error.message}`);
  }
  return docs.map((doc) => doc.toJS()).filter((value) => value);
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'bin' || entry.name === 'obj' ? [] : sourceFiles(path);
    return entry.name.endsWith('.cs') ? [path] : [];
  });
}

// The settings the processes read: keys passed to the configuration, and the constants that name them.
function settingsRead(project) {
  const keys = new Set();
  for (const file of sourceFiles(join(root, 'src', project))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/configuration(?:\[|, )"([A-Za-z_]+)"/g)) keys.add(match[1]);
    for (const match of text.matchAll(/const string \w*Setting\w* = "([A-Za-z_]+)"/g)) keys.add(match[1]);
  }
  return keys;
}

const siloKeys = settingsRead('Broker.Silo');
const gatewayKeys = new Set([...settingsRead('Broker.Gateway')]);
const healthSource = readFileSync(join(root, 'src/Broker.Gateway/Health/HealthEndpoints.cs'), 'utf8');
const gatewayPaths = new Set(['/', ...[...healthSource.matchAll(/= "(\/healthz\/[a-z]+)"/g)].map((m) => m[1])]);

function checkEnvName(where, name, keys) {
  if (!name.startsWith('BROKER_')) return;
  const key = name.slice('BROKER_'.length);
  if (!keys.has(key)) problem(where, `${name} is not a setting this process reads (${[...keys].sort().join(', ')})`);
}

// --- Kubernetes ---------------------------------------------------------------------------------------------
const k8sDir = join(root, 'deploy/k8s');
for (const file of readdirSync(k8sDir).filter((name) => name.endsWith('.yaml'))) {
  parseYaml(readFileSync(join(k8sDir, file), 'utf8'), `deploy/k8s/${file}`);
}

const renderedPath = process.argv[2];
if (renderedPath) {
  const rendered = parseYaml(readFileSync(renderedPath === '-' ? 0 : renderedPath, 'utf8'), 'kustomize output');
  const kinds = rendered.map((doc) => `${doc.kind}/${doc.metadata?.name}`);
  for (const wanted of ['Deployment/broker-silo', 'Deployment/broker-gateway', 'Service/broker-gateway',
    'Secret/broker-secrets']) {
    if (!kinds.includes(wanted)) problem('kustomize output', `missing ${wanted}`);
  }

  for (const doc of rendered.filter((d) => d.kind === 'Deployment')) {
    const name = doc.metadata.name;
    const role = name.endsWith('silo') ? 'silo' : 'gateway';
    const keys = role === 'silo' ? siloKeys : gatewayKeys;
    if (role === 'gateway' && !(doc.spec.replicas >= 2)) problem(name, 'the gateway needs at least 2 replicas');
    for (const container of doc.spec.template.spec.containers) {
      const where = `${name}/${container.name}`;
      const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
      for (const variable of container.env ?? []) checkEnvName(where, variable.name, keys);
      const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
      const expected = role === 'silo'
        ? { silo: env.BROKER_silo_port ?? '11111', 'silo-gateway': env.BROKER_silo_gateway_port ?? '30000' }
        : { http: env.BROKER_port ?? '8080' };
      for (const [portName, value] of Object.entries(expected)) {
        if (String(ports[portName]) !== String(value)) {
          problem(where, `port ${portName} is ${ports[portName]} but the process listens on ${value}`);
        }
      }

      for (const probeName of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const probe = container[probeName];
        if (!probe) {
          if (probeName !== 'startupProbe') problem(where, `no ${probeName}`);
          continue;
        }
        const target = probe.httpGet ?? probe.tcpSocket;
        if (target && typeof target.port === 'string' && !(target.port in ports)) {
          problem(where, `${probeName} uses port ${target.port}, which the container does not declare`);
        }
        if (probe.httpGet && !gatewayPaths.has(probe.httpGet.path)) {
          problem(where, `${probeName} asks for ${probe.httpGet.path}, which the gateway does not serve`);
        }
      }
    }
  }
}

// --- systemd ------------------------------------------------------------------------------------------------
const envFile = readFileSync(join(root, 'deploy/systemd/broker.env.example'), 'utf8');
for (const line of envFile.split('\n')) {
  const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)=/);
  if (match) checkEnvName('deploy/systemd/broker.env.example', match[1], new Set([...siloKeys, ...gatewayKeys]));
}

// --- Dockerfiles --------------------------------------------------------------------------------------------
for (const [file, keys] of [['deploy/silo.Dockerfile', siloKeys], ['deploy/gateway.Dockerfile', gatewayKeys]]) {
  const text = readFileSync(join(root, file), 'utf8').replace(/\\\n/g, ' ');
  const exposed = new Set([...text.matchAll(/^EXPOSE (.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/)));
  for (const match of text.matchAll(/\b(BROKER_[A-Za-z_]+)=(\S+)/g)) {
    checkEnvName(file, match[1], keys);
    if (/port$/.test(match[1]) && !exposed.has(match[2])) problem(file, `${match[1]}=${match[2]} is not exposed`);
  }
}

if (problems.length > 0) {
  console.error(`deploy/validate.mjs: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Deployment files agree with the applications (silo reads ${siloKeys.size} settings, ` +
  `gateway ${gatewayKeys.size}).`);
