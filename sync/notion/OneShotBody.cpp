#include "notion/OneShotBody.h"

#include <cstring>

namespace pgnotion {

OneShotBody::OneShotBody(QByteArray data, QObject *parent)
    : QIODevice(parent)
    , m_data(std::move(data)) {
    open(QIODevice::ReadOnly);
}

qint64 OneShotBody::bytesAvailable() const {
    return m_data.size() - m_position + QIODevice::bytesAvailable();
}

qint64 OneShotBody::readData(char *data, qint64 maxSize) {
    const qint64 count = std::min(maxSize, qint64(m_data.size()) - m_position);
    if (count <= 0)
        return -1; // the end: nothing more, ever
    std::memcpy(data, m_data.constData() + m_position, size_t(count));
    m_position += count;
    return count;
}

} // namespace pgnotion
