"""The inference service the demo's exporter stands for: where its metrics are defined.

Open it in the demo: the mistakes below are underlined where they are written, before the
service is deployed and scraped. Hover a finding for why; some have a quick fix.
"""
import time

from fastapi import FastAPI, Request
from prometheus_client import Counter, Gauge, Histogram, make_asgi_app

app = FastAPI()
app.mount("/metrics", make_asgi_app())

REQUESTS = Counter("inference_requests", "Inference requests served, by model and outcome.", ["model", "status"])
LATENCY = Histogram(
    "inference_latency_seconds",
    "Time to answer one inference request.",
    ["model"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
IN_FLIGHT = Gauge("inference_in_flight", "Requests being answered right now.", ["model"])
# A mistake: one series per request (request_id has no bound).
REQUEST_TOKENS = Gauge("inference_request_tokens", "Tokens of each recent request.", ["request_id"])
# A mistake: a time in milliseconds (Prometheus' base unit is the second).
PREPROCESS_TIME = Gauge("preprocess_time_ms", "Time spent preparing the last input.")


def run_model(model, payload):
    """Stands for the model call."""
    return {"model": model, "tokens": len(str(payload))}


@app.post("/predict/{model}")
async def predict(model: str, request: Request):
    started = time.perf_counter()
    IN_FLIGHT.labels(model).inc()
    try:
        payload = await request.json()
        prepared = time.perf_counter()
        PREPROCESS_TIME.set((prepared - started) * 1000)
        result = run_model(model, payload)
        REQUEST_TOKENS.labels(request.headers.get("x-request-id", "")).set(result["tokens"])
        REQUESTS.labels(model, "ok").inc()
        return result
    except Exception as exc:
        # A mistake: the exception's message as a label value (it carries ids and values).
        REQUESTS.labels(model, str(exc)).inc()
        raise
    finally:
        LATENCY.labels(model).observe(time.perf_counter() - started)
        IN_FLIGHT.labels(model).dec()


@app.get("/health")
async def health():
    # A mistake: a labelled Counter without .labels(...) raises ValueError at run time.
    REQUESTS.inc()
    return {"ok": True}
