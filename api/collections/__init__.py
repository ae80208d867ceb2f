"""Collections of geometric records: each declared once (`declare`), read through one
place that scopes and masks (`read`), served as REST resources built by one factory
(`router`), and documented by schemas generated from the declarations (`schemas`).
`registry.COLLECTIONS` lists them all by name."""
