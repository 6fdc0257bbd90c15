// Validates Kubernetes objects (a JSON array on stdin) against the API's OpenAPI schemas with
// kubernetes-models. It is ESM-only, which jest's CommonJS runtime cannot load: hence a script.
// Prints a JSON array of problems: [{ object, message }]; kinds it does not know are reported.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const label = `${object.kind}/${object.metadata?.name}`;
  // apps/v1 → kubernetes-models/apps/v1/Deployment; core v1 → kubernetes-models/v1/ConfigMap
  const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  try {
    const Model = (await import(module))[object.kind];
    new Model(object).validate();
  } catch (error) {
    problems.push({ object: label, message: ['ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_MODULE_NOT_FOUND'].includes(error.code) ? `unknown kind ${module}` : error.message });
  }
}
process.stdout.write(JSON.stringify(problems));
