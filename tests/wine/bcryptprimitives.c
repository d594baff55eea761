/*
 * Test-only shim for running Windows builds under wine 8.0, which lacks
 * bcryptprimitives.dll!ProcessPrng (imported by Rust's std since 1.78 for random numbers).
 * It forwards to RtlGenRandom (advapi32!SystemFunction036), which wine implements.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 bcryptprimitives.c -o bcryptprimitives.dll -ladvapi32
 *
 * Put the DLL into $WINEPREFIX/drive_c/windows/system32/ (scripts/desktop-platforms.sh does).
 * Never shipped: real Windows 10+ has ProcessPrng.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
