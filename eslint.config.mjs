// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'var/**',
      'eslint.config.mjs',
      'webpack.config.js',
      'libs/platform/src/database/migrations/Migration*.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // One way to run SQL (docs/architecture.md, "Running SQL"): entities through the ORM, anything
    // else as a `sql` fragment run by runSql. Only the runner and sqlCondition reach below that.
    ignores: ['libs/platform/src/database/run-sql.ts', 'libs/platform/src/database/sql-condition.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='execute']:matches([callee.object.name='em'], [callee.object.property.name='em'], [callee.object.callee.property.name='getConnection'])",
          message: 'Run SQL as a `sql` fragment with runSql (libs/platform/src/database/run-sql.ts), not em.execute.',
        },
        {
          selector: 'MemberExpression[property.name=/^(getKnex|acquireConnection|releaseConnection)$/]',
          message: 'Run SQL as a `sql` fragment with runSql (libs/platform/src/database/run-sql.ts), not through knex.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/knex'].map((name) => ({
            name,
            importNames: ['raw', 'sql'],
            message: "Use an ORM operator, or sqlCondition with a `sql` fragment from '@agora/platform'.",
          })),
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Response bodies are untyped JSON in the tests; the assertions are the types.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
