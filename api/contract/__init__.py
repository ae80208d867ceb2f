"""The service's typed contract: what each route answers, as the OpenAPI tells it, and
the documentation pages (Swagger UI, ReDoc) the service serves itself."""
