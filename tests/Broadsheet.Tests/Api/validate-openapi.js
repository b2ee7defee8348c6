// Validates an OpenAPI document file with @apidevtools/swagger-parser (schema and references); exits 1 with the
// reasons when it is not valid. Run by OpenApiDocumentTests.
const SwaggerParser = require('@apidevtools/swagger-parser');

SwaggerParser.validate(process.argv[2])
  .then((api) => {
    console.log(`valid: ${api.info.title} ${api.info.version}, ${Object.keys(api.paths).length} paths`);
  })
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
