#pragma once

namespace pgnotion {

// SIGTERM and SIGINT as a request to stop, for a command that runs without an event loop of its own (the
// import): it asks arrived() between two units of work and stops cleanly, instead of dying midway. Unlike
// SignalQuitter it quits no event loop, so the nested loops of blocking Notion calls are left alone. The
// default actions come back when this goes.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

    // The signal that arrived, or 0.
    int arrived() const;
};

} // namespace pgnotion
