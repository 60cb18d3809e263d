#include "StopSignals.h"

#include <csignal>

namespace pgnotion {
namespace {
volatile std::sig_atomic_t s_arrived = 0;

void onSignal(int signal) {
    s_arrived = signal;
}
} // namespace

StopSignals::StopSignals() {
    s_arrived = 0;
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // a database or network call in progress goes on
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

StopSignals::~StopSignals() {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
}

int StopSignals::arrived() const {
    return s_arrived;
}

} // namespace pgnotion
