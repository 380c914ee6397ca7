// Preloaded (`--import`) into a process whose whole-life peak memory a benchmark wants: writes
// the peak resident set size to the file named by PARALLAX_PEAK_RSS_FILE as the process exits,
// however it exits (return, process.exit). A process killed or aborted writes nothing, which the
// benchmark reports as such.
import { writeFileSync } from 'node:fs';

const file = process.env.PARALLAX_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    // maxRSS is in KiB and covers the whole life of the process.
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
