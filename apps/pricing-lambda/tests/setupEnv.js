// Keep test output readable: no EMF lines on stdout, no JSON log lines unless a test asks for them.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'SILENT';
