-- wrk report: one JSON line with throughput and latency percentiles (milliseconds).
-- With WRK_UNIQUE=1 each request gets a query parameter of its own (&_n=run-thread-count), so that
-- no cache holds its answer: what a page costs when it is made afresh. WRK_RUN tells this run from
-- an earlier one, whose answers the shared cache may still hold.
if os.getenv("WRK_UNIQUE") == "1" then
   local run = os.getenv("WRK_RUN") or tostring(os.time())
   local made = 0
   setup = function(thread)
      made = made + 1
      thread:set("thread_id", made)
   end
   local count = 0
   request = function()
      count = count + 1
      local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
      return wrk.format(nil, wrk.path .. separator .. "_n=" .. run .. "-" .. thread_id .. "-" .. count)
   end
end

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   io.write(string.format(
      '{"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "non_2xx": %d}\n',
      summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      summary.errors.status))
end
