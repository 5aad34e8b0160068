// @swc/jest settings shared by the unit and e2e configs (decorators with metadata, as Nest needs).
module.exports = ['@swc/jest', { jsc: { target: 'es2021', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } }];
