/*
 * The thin client's native Unix-socket transport (dev.persona.schema.client.NativeUnixSocket).
 *
 * Why native: a JDK SocketChannel's first Unix-domain connect initialises the NIO selector provider
 * (a class-path scan), the security providers and a SecureRandom (sun.nio.ch.UnixDomainSockets seeds
 * one for socket names). That costs a cold CLI process ~15 ms, more than the rest of a
 * `persona read`. These four calls cost a dlopen. The JDK channel stays as the fallback.
 *
 * Every function returns a negative errno instead of throwing, so the Java side decides what each
 * failure means (a refused connect is "daemon not running"). Bytes pass through a stack buffer
 * that is wiped after each call, because secrets (replies of read/reveal) travel this way.
 */
#define _GNU_SOURCE /* strerror_r returning the text */
#include "dev_persona_schema_client_NativeUnixSocket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { CHUNK = 32 * 1024 };

JNIEXPORT jint JNICALL Java_dev_persona_schema_client_NativeUnixSocket_connect0(
    JNIEnv *env, jclass cls, jbyteArray path) {
  (void) cls;
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  const jsize length = (*env)->GetArrayLength(env, path);
  if (length <= 0 || (size_t) length >= sizeof address.sun_path) {
    return -ENAMETOOLONG;
  }
  (*env)->GetByteArrayRegion(env, path, 0, length, (jbyte *) address.sun_path);
  if (memchr(address.sun_path, 0, (size_t) length) != NULL) {
    return -EINVAL;
  }
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -errno;
  }
  int rc;
  do {
    rc = connect(fd, (struct sockaddr *) &address, sizeof address);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    const int error = errno;
    close(fd);
    return -error;
  }
  return fd;
}

JNIEXPORT jint JNICALL Java_dev_persona_schema_client_NativeUnixSocket_peerUid0(
    JNIEnv *env, jclass cls, jint fd) {
  (void) env;
  (void) cls;
  struct ucred credentials;
  socklen_t size = sizeof credentials;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) < 0) {
    return -errno;
  }
  return (jint) credentials.uid;
}

JNIEXPORT jint JNICALL Java_dev_persona_schema_client_NativeUnixSocket_ownUid0(
    JNIEnv *env, jclass cls) {
  (void) env;
  (void) cls;
  return (jint) geteuid();
}

JNIEXPORT jint JNICALL Java_dev_persona_schema_client_NativeUnixSocket_write0(
    JNIEnv *env, jclass cls, jint fd, jbyteArray source, jint offset, jint length) {
  (void) cls;
  unsigned char buffer[CHUNK];
  const jint count = length < CHUNK ? length : CHUNK;
  (*env)->GetByteArrayRegion(env, source, offset, count, (jbyte *) buffer);
  if ((*env)->ExceptionCheck(env)) {
    return -EINVAL;
  }
  ssize_t written;
  do {
    /* MSG_NOSIGNAL: a daemon that went away must give EPIPE, not a SIGPIPE. */
    written = send(fd, buffer, (size_t) count, MSG_NOSIGNAL);
  } while (written < 0 && errno == EINTR);
  const int error = errno;
  explicit_bzero(buffer, (size_t) count);
  return written < 0 ? -error : (jint) written;
}

JNIEXPORT jint JNICALL Java_dev_persona_schema_client_NativeUnixSocket_read0(
    JNIEnv *env, jclass cls, jint fd, jbyteArray target, jint offset, jint length) {
  (void) cls;
  unsigned char buffer[CHUNK];
  const jint count = length < CHUNK ? length : CHUNK;
  ssize_t got;
  do {
    got = recv(fd, buffer, (size_t) count, 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return -errno;
  }
  if (got == 0) {
    return 0; /* end of stream (never asked for 0 bytes) */
  }
  (*env)->SetByteArrayRegion(env, target, offset, (jsize) got, (jbyte *) buffer);
  explicit_bzero(buffer, (size_t) got);
  return (*env)->ExceptionCheck(env) ? -EINVAL : (jint) got;
}

JNIEXPORT void JNICALL Java_dev_persona_schema_client_NativeUnixSocket_close0(
    JNIEnv *env, jclass cls, jint fd) {
  (void) env;
  (void) cls;
  close(fd);
}

JNIEXPORT jstring JNICALL Java_dev_persona_schema_client_NativeUnixSocket_describe0(
    JNIEnv *env, jclass cls, jint error) {
  (void) cls;
  char text[256];
  const char *message = strerror_r(error, text, sizeof text);
  return (*env)->NewStringUTF(env, message);
}
