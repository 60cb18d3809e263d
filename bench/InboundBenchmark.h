#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct InboundBenchmarkOptions {
    int samples = 20;   // edits measured per path (polling, webhooks)
    int projects = 10;  // synced projects whose Status is edited in turn
    int idleCycles = 3; // poll cycles counted with nothing changed
};

// `pgnotion-bench inbound`: Notion edit -> Postgres updated, with the real engine (EngineSetup's pool,
// both directions) and the emulator as a separate process at Notion's 3 requests/s. An edit is a PATCH
// made with another integration's token (a person's edit as far as pgnotion can tell); the time runs until
// the row shows the value. Polling: the InboundPoller at a 5 s interval. Webhooks: right after the PATCH
// the bench POSTs the signed delivery Notion would send to a NotionWebhookReceiver wired to the
// WebhookInboundBridge (the emulator delivers no webhooks, so Notion's own delivery delay is not in the
// figure). Also: Notion requests per poll cycle when nothing changed (goal: one query per data source).
int runInboundBenchmark(const DatabaseUrl &server, const InboundBenchmarkOptions &options, QTextStream &out,
                        QTextStream &err);

} // namespace pgnotion::bench
