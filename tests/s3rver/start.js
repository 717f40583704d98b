// @20minutes/s3rver 5.0.0 ships lib/cli.js (which only exports parseAsync) but not the bin/s3rver.js
// its package.json names, so this is the entry point scripts/setup/service-s3rver.sh runs.
require('@20minutes/s3rver/lib/cli.js')
  .parseAsync(process.argv)
  .catch((error) => {
    console.error(error)
    process.exit(1)
  })
