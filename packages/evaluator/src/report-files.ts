// The files of a finished evaluation in its out folder, each written atomically: report.json (everything),
// report.md (summary), subjects.csv (per subject), categories.csv (per group + Overall), report.svg (bar chart).
import { join } from 'node:path';
import { writeFileAtomic } from './fs-atomic.js';
import { type EvalReport, reportGroupsToCsv, reportToCsv, reportToJson, reportToMarkdown } from './report.js';
import { reportToSvg } from './svg.js';

export interface ReportFiles {
  json: string;
  markdown: string;
  subjectsCsv: string;
  categoriesCsv: string;
  svg: string;
}

/** Writes the report's files into `outDir`; returns their paths. */
export async function writeReportFiles(
  outDir: string,
  report: EvalReport,
  title?: string,
): Promise<ReportFiles> {
  const files: ReportFiles = {
    json: join(outDir, 'report.json'),
    markdown: join(outDir, 'report.md'),
    subjectsCsv: join(outDir, 'subjects.csv'),
    categoriesCsv: join(outDir, 'categories.csv'),
    svg: join(outDir, 'report.svg'),
  };
  await writeFileAtomic(files.json, reportToJson(report));
  await writeFileAtomic(files.markdown, reportToMarkdown(report));
  await writeFileAtomic(files.subjectsCsv, reportToCsv(report));
  await writeFileAtomic(files.categoriesCsv, reportGroupsToCsv(report));
  await writeFileAtomic(files.svg, reportToSvg(report, title));
  return files;
}
