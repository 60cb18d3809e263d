#pragma once

#include <QtGlobal>

#include <thread>

namespace pgnotion::test {

// A server on 127.0.0.1 that answers libpq's SSL (and GSS) encryption request with 'N', as a PostgreSQL
// built or configured without TLS does, then closes: the test cluster speaks TLS, so it cannot play that
// part. It serves one connection, on a thread of its own (libpq blocks the test's thread meanwhile).
class PlainPostgresServer {
public:
    PlainPostgresServer();
    ~PlainPostgresServer();
    PlainPostgresServer(const PlainPostgresServer &) = delete;
    PlainPostgresServer &operator=(const PlainPostgresServer &) = delete;

    // 0 when it could not listen.
    quint16 port() const { return m_port; }

private:
    void serveOne();

    int m_socket = -1;
    quint16 m_port = 0;
    std::thread m_thread;
};

} // namespace pgnotion::test
