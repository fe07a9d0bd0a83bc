import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * A temporary workspace of other tools' YAML files (Kubernetes objects, Helm values, docker-compose,
 * Alertmanager, Loki, Ansible) with one PromQL query file and no other Prometheus file: what the
 * editor meets when it opens a large infrastructure repository. The workspace-scan benchmark and the
 * protocol test of a request during a scan build it; the texts are deterministic.
 */

const DEPLOYMENT = (i: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  namespace: team-${i % 17}
  labels:
    app.kubernetes.io/name: service-${i}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels:
      app.kubernetes.io/name: service-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: service-${i}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9${String(i % 1000).padStart(3, '0')}"
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/service-${i}:1.${i % 40}.0
          args: ["--listen=:8080", "--metrics=:9090"]
          ports:
            - containerPort: 8080
              name: http
            - containerPort: 9090
              name: metrics
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
`;

const SERVICE = (i: number): string => `apiVersion: v1
kind: Service
metadata:
  name: service-${i}
  namespace: team-${i % 17}
spec:
  selector:
    app.kubernetes.io/name: service-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: metrics
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: service-${i}-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout,search"
`;

const ROLE = (i: number): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader-${i}
rules:
  - apiGroups: [""]
    resources: ["pods", "services", "endpoints"]
    verbs: ["get", "list", "watch"]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-${i}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: ${i % 50}Gi
`;

const VALUES = (i: number): string => `global:
  imageRegistry: registry.example.com
  storageClass: fast
replicaCount: ${1 + (i % 3)}
image:
  repository: shop/service-${i}
  tag: "1.${i % 40}.0"
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: ${i % 2 === 0}
  hosts:
    - host: service-${i}.example.com
      paths: ["/"]
resources: {}
`;

const COMPOSE = (i: number): string => `services:
  web:
    image: nginx:1.25
    ports: ["${8000 + (i % 1000)}:80"]
    depends_on: [db]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - db-data-${i}:/var/lib/postgresql/data
volumes:
  db-data-${i}: {}
`;

const ALERTMANAGER = (i: number): string => `route:
  receiver: team-${i % 17}
  group_by: [alertname, cluster]
  routes:
    - matchers: [severity="critical"]
      receiver: pager
receivers:
  - name: team-${i % 17}
    slack_configs:
      - channel: "#alerts-${i % 17}"
  - name: pager
`;

const LOKI = (i: number): string => `auth_enabled: false
server:
  http_listen_port: ${3100 + (i % 10)}
common:
  path_prefix: /loki
schema_config:
  configs:
    - from: 2024-01-01
      store: tsdb
      object_store: filesystem
      schema: v13
`;

const ANSIBLE = (i: number): string => `- name: Install service ${i}
  hosts: web
  become: true
  tasks:
    - name: Install packages
      ansible.builtin.apt:
        name: [nginx, curl]
        state: present
    - name: Start nginx
      ansible.builtin.service:
        name: nginx
        state: started
`;

/** Other tools' files, most of them Kubernetes objects as in an infrastructure repository. */
const KINDS: readonly { readonly name: string; readonly text: (i: number) => string }[] = [
  { name: 'deployment', text: DEPLOYMENT },
  { name: 'deployment', text: DEPLOYMENT },
  { name: 'service', text: SERVICE },
  { name: 'role', text: ROLE },
  { name: 'deployment', text: DEPLOYMENT },
  { name: 'values', text: VALUES },
  { name: 'docker-compose', text: COMPOSE },
  { name: 'alertmanager', text: ALERTMANAGER },
  { name: 'loki', text: LOKI },
  { name: 'playbook', text: ANSIBLE },
];

export interface ForeignYamlWorkspace {
  readonly folder: string;
  /** The one query file (`queries/q.promql`). */
  readonly queryFile: string;
  readonly queryText: string;
  /** The YAML files written (none of them Prometheus'). */
  readonly yamlFiles: number;
  readonly bytes: number;
  remove(): void;
}

/** Writes `files` YAML files of other tools, 100 to a folder, two levels deep, and one query file. */
export function writeForeignYamlWorkspace(files: number): ForeignYamlWorkspace {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-lsp-scan-'));
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = path.join(folder, `cluster-${Math.floor(i / 10_000)}`, `app-${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
    const kind = KINDS[i % KINDS.length];
    const text = kind.text(i);
    bytes += text.length;
    fs.writeFileSync(path.join(dir, `${kind.name}-${i}.yaml`), text);
  }
  const queryText = 'sum by (code) (rate(http_requests_total[5m]))\n';
  const queryFile = path.join(folder, 'queries', 'q.promql');
  fs.mkdirSync(path.dirname(queryFile), { recursive: true });
  fs.writeFileSync(queryFile, queryText);
  return {
    folder,
    queryFile,
    queryText,
    yamlFiles: files,
    bytes,
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}
