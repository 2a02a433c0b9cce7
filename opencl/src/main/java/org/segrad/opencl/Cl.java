package org.segrad.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The subset of the OpenCL 1.2 C API that segrad calls, bound with {@code java.lang.foreign} to the system's ICD loader
 * {@code libOpenCL.so.1}. Types as the headers define them on LP64: {@code cl_int}/{@code cl_uint} = int, {@code size_t},
 * {@code cl_ulong} and the bit-field types ({@code cl_device_type}, {@code cl_mem_flags}) = long, handles = pointers.
 * {@link #load()} binds everything once; a missing library is reported by {@link #loadError()}, never thrown from a
 * static initialiser. Every call goes through a method whose name is the C function's, and a non-zero {@code cl_int}
 * becomes an {@link OpenClException} naming that function.
 */
final class Cl {
    static final int CL_PLATFORM_VERSION = 0x0901, CL_PLATFORM_NAME = 0x0902, CL_PLATFORM_VENDOR = 0x0903;
    static final long CL_DEVICE_TYPE_CPU = 1L << 1, CL_DEVICE_TYPE_GPU = 1L << 2, CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    static final int CL_DEVICE_TYPE = 0x1000, CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002, CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004,
            CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100C, CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F, CL_DEVICE_LOCAL_MEM_SIZE = 0x1023,
            CL_DEVICE_NAME = 0x102B, CL_DEVICE_VENDOR = 0x102C, CL_DRIVER_VERSION = 0x102D, CL_DEVICE_VERSION = 0x102F;
    static final long CL_MEM_READ_WRITE = 1L;
    static final int CL_PROGRAM_BUILD_LOG = 0x1183;
    static final int CL_TRUE = 1;

    static final MethodHandle clGetPlatformIDs, clGetPlatformInfo, clGetDeviceIDs, clGetDeviceInfo, clCreateContext,
            clCreateCommandQueue, clCreateBuffer, clEnqueueReadBuffer, clEnqueueWriteBuffer, clCreateProgramWithSource,
            clBuildProgram, clGetProgramBuildInfo, clCreateKernel, clSetKernelArg, clEnqueueNDRangeKernel, clFinish,
            clReleaseMemObject, clReleaseKernel, clReleaseProgram, clReleaseCommandQueue, clReleaseContext;
    private static final String LOAD_ERROR;

    static {
        MethodHandle[] h = new MethodHandle[21];
        String error = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = openLibrary();
            int i = 0;
            h[i++] = bind(linker, lib, "clGetPlatformIDs", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clGetPlatformInfo", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clGetDeviceIDs", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clGetDeviceInfo", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clCreateContext", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
            // clCreateCommandQueue (1.2; deprecated but exported by every 2.x/3.x platform) rather than the 2.0
            // ...WithProperties, so that 1.2-only drivers work through the same loader.
            h[i++] = bind(linker, lib, "clCreateCommandQueue", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
            h[i++] = bind(linker, lib, "clCreateBuffer", ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clEnqueueReadBuffer", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG,
                    ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clEnqueueWriteBuffer", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG,
                    ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clCreateProgramWithSource", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clBuildProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clGetProgramBuildInfo", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS,
                    ADDRESS);
            h[i++] = bind(linker, lib, "clCreateKernel", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clSetKernelArg", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS);
            h[i++] = bind(linker, lib, "clEnqueueNDRangeKernel", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                    ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
            h[i++] = bind(linker, lib, "clFinish", JAVA_INT, ADDRESS);
            h[i++] = bind(linker, lib, "clReleaseMemObject", JAVA_INT, ADDRESS);
            h[i++] = bind(linker, lib, "clReleaseKernel", JAVA_INT, ADDRESS);
            h[i++] = bind(linker, lib, "clReleaseProgram", JAVA_INT, ADDRESS);
            h[i++] = bind(linker, lib, "clReleaseCommandQueue", JAVA_INT, ADDRESS);
            h[i++] = bind(linker, lib, "clReleaseContext", JAVA_INT, ADDRESS);
        } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException e) {
            error = "cannot load the OpenCL ICD loader libOpenCL.so.1 (" + e.getMessage()
                    + "); install one, e.g. apt-get install ocl-icd-libopencl1 pocl-opencl-icd";
            h = new MethodHandle[21];
        }
        LOAD_ERROR = error;
        clGetPlatformIDs = h[0];
        clGetPlatformInfo = h[1];
        clGetDeviceIDs = h[2];
        clGetDeviceInfo = h[3];
        clCreateContext = h[4];
        clCreateCommandQueue = h[5];
        clCreateBuffer = h[6];
        clEnqueueReadBuffer = h[7];
        clEnqueueWriteBuffer = h[8];
        clCreateProgramWithSource = h[9];
        clBuildProgram = h[10];
        clGetProgramBuildInfo = h[11];
        clCreateKernel = h[12];
        clSetKernelArg = h[13];
        clEnqueueNDRangeKernel = h[14];
        clFinish = h[15];
        clReleaseMemObject = h[16];
        clReleaseKernel = h[17];
        clReleaseProgram = h[18];
        clReleaseCommandQueue = h[19];
        clReleaseContext = h[20];
    }

    private Cl() {}

    /** Why the library could not be bound, or empty when every function above is usable. */
    static Optional<String> loadError() {
        return Optional.ofNullable(LOAD_ERROR);
    }

    /** Restricted (native access): run with {@code --enable-native-access=ALL-UNNAMED} to silence the JDK's warning. */
    @SuppressWarnings("restricted")
    private static SymbolLookup openLibrary() {
        return SymbolLookup.libraryLookup("libOpenCL.so.1", java.lang.foreign.Arena.global());
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, java.lang.foreign.MemoryLayout ret,
                                     java.lang.foreign.MemoryLayout... args) {
        MemorySegment sym = lib.find(name).orElseThrow(
                () -> new IllegalArgumentException("libOpenCL.so.1 has no symbol " + name));
        return linker.downcallHandle(sym, FunctionDescriptor.of(ret, args));
    }

    /** Throws when {@code code} (a {@code cl_int} returned by {@code call}) is not CL_SUCCESS. */
    static void check(String call, int code) {
        if (code != 0) throw new OpenClException(call, code);
    }

    /** Calls a function that returns {@code cl_int} and checks it. */
    static void call(String name, MethodHandle h, Object... args) {
        int code;
        try {
            code = (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException(name + ": native call failed: " + t, t);
        }
        check(name, code);
    }

    /** Calls a function that returns a handle and reports its error through a trailing {@code cl_int*}. */
    static MemorySegment create(String name, MethodHandle h, MemorySegment err, Object... args) {
        MemorySegment out;
        try {
            out = (MemorySegment) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException(name + ": native call failed: " + t, t);
        }
        check(name, err.get(JAVA_INT, 0));
        if (out.equals(MemorySegment.NULL)) throw new OpenClException(name, -30);
        return out;
    }

    /** A release call: errors are ignored (there is nothing a caller can do), so closing never throws. */
    static void release(MethodHandle h, MemorySegment handle) {
        if (handle == null || handle.equals(MemorySegment.NULL)) return;
        try {
            int ignored = (int) h.invokeExact(handle);
        } catch (Throwable ignored) {
            // nothing to do: the handle is gone either way
        }
    }
}
