// Copies lightweight-charts' own standalone build, unedited, with its LICENSE and version, into the page's assets.
// Run after `npm ci` in this folder whenever package-lock.json changes; the copies are checked in, so building the
// product needs no Node.js. A test (ChartLibraryTests) checks they equal the locked package's files.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, 'node_modules', 'lightweight-charts');
const target = join(here, '..', 'Recorder.Page', 'wwwroot', 'vendor', 'lightweight-charts');
const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
const locked = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8')).packages['node_modules/lightweight-charts'].version;
if (version !== locked) {
  throw new Error(`node_modules has lightweight-charts ${version}, the lockfile ${locked}: run npm ci first`);
}

mkdirSync(target, { recursive: true });
copyFileSync(join(pkg, 'dist', 'lightweight-charts.standalone.production.js'), join(target, 'lightweight-charts.standalone.production.js'));
copyFileSync(join(pkg, 'LICENSE'), join(target, 'LICENSE'));
writeFileSync(join(target, 'VERSION'), version + '\n');
console.log(`lightweight-charts ${version} copied to ${target}`);
