// The scenario as a Cloudflare module Worker: every request runs it and gets the report as JSON,
// with status 500 when a check failed.
import { runScenario } from '../scenario.js';

export default {
  async fetch(): Promise<Response> {
    const report = await runScenario();
    return new Response(JSON.stringify(report), {
      status: report.ok ? 200 : 500,
      headers: { 'content-type': 'application/json' },
    });
  },
};
