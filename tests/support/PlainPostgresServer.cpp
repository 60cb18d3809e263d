#include "PlainPostgresServer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pgnotion::test {

PlainPostgresServer::PlainPostgresServer() {
    m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_socket < 0 || ::bind(m_socket, reinterpret_cast<sockaddr *>(&address), length) != 0 ||
        ::listen(m_socket, 1) != 0 ||
        ::getsockname(m_socket, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return;
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serveOne(); });
}

PlainPostgresServer::~PlainPostgresServer() {
    ::shutdown(m_socket, SHUT_RDWR); // wakes an accept still waiting
    if (m_thread.joinable())
        m_thread.join();
    if (m_socket >= 0)
        ::close(m_socket);
}

void PlainPostgresServer::serveOne() {
    const int client = ::accept(m_socket, nullptr, nullptr);
    if (client < 0)
        return;
    // Each request is 8 bytes (length, code); whatever it asks for, the answer is "no".
    char request[8];
    while (::recv(client, request, sizeof request, MSG_WAITALL) == sizeof request) {
        if (::send(client, "N", 1, MSG_NOSIGNAL) != 1)
            break;
    }
    ::close(client);
}

} // namespace pgnotion::test
