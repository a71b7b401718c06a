// Build config for the steel-eval CLI: one ESM bundle with a shebang; @steel packages stay external.
import { defineConfig } from 'tsup';
import { preset } from '../../tsup.preset';

export default defineConfig(
  preset({ entry: ['src/main.ts'], dts: false, banner: { js: '#!/usr/bin/env node' } }),
);
