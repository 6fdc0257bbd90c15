// Docker HEALTHCHECK for every service image: GET /health/live on the service's own HTTP port.
// The gateway serves it on PORT, the workers on HEALTH_PORT; the defaults mirror each config.ts
// (deploy/test checks they agree). Node's fetch, because the slim image has no curl.
const DEFAULT_PORTS = {
  gateway: 3000,
  media: 3101,
  analysis: 3102,
  'embedding-search': 3103,
  billing: 3104,
  audit: 3105,
};

function healthPort(app, env) {
  const variable = app === 'gateway' ? 'PORT' : 'HEALTH_PORT';
  return Number(env[variable] || DEFAULT_PORTS[app]);
}

module.exports = { DEFAULT_PORTS, healthPort };

if (require.main === module) {
  const port = healthPort(process.env.AMS_APP, process.env);
  fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
    (response) => process.exit(response.ok ? 0 : 1),
    () => process.exit(1),
  );
}
