/* A stand-in for Windows' bcryptprimitives.dll under wine 8, which lacks ProcessPrng: Rust's
 * standard library asks it for random bytes (HashMap keys, tempfile names). Used only to run
 * the Windows build's CLI tests under wine on Linux; never shipped. RtlGenRandom is
 * advapi32's SystemFunction036. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
