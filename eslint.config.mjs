// Flat config: strict TypeScript rules everywhere, and the architectural rules: nothing under
// src/core (or the CLI and its node adapters) may reach for the editor API, and nothing outside
// src/core/ci reaches past its index. (Import cycles are checked by scripts/check-import-cycles.mjs.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NO_VSCODE = { name: 'vscode', message: 'src/core, src/node and the CLI must run without the editor: put editor glue in src/vscode.' };

// The CI analysis has one door: the rest of src imports `core/ci` (its index.ts), never a stage inside.
const CI_DOOR_MESSAGE = 'Import the CI analysis from its index (`core/ci`); add what you need to src/core/ci/index.ts.';
const CI_DOOR = { regex: '(^|/)core/ci/(?!index$).+', message: CI_DOOR_MESSAGE };
/** From elsewhere in src/core the folder is reached as `../ci/...` (no other `ci` folder exists in core). */
const CI_DOOR_FROM_CORE = { regex: '^(\\.\\.?/)+ci/(?!index$).+', message: CI_DOOR_MESSAGE };

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', '**/*.vsix', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'test/harness/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/ci/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts', 'src/node/**/*.ts'],
    ignores: ['src/core/ci/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [CI_DOOR, CI_DOOR_FROM_CORE] }] },
  },
  {
    files: ['src/extension.ts', 'src/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CI_DOOR] }] },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
);
