// Imported first by local entry points: the handlers' logger reads its level once, when it is created,
// and a demo should show its status line rather than every log line (override with POWERTOOLS_LOG_LEVEL).
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
