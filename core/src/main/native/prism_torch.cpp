// Prism's bridge to libtorch operators that DJL 0.36 does not expose (hardtanh, hardswish,
// hardsigmoid, their in-place forms and ReLU's, the fused CPU Adam update, casts to and from
// bfloat16), called on the tensors DJL already holds; and the malloc settings of
// dev.prism.nn.MallocPolicy.
//
// DJL's handle of a tensor is a heap-allocated `torch::Tensor*` (its JNI does
// `new torch::Tensor(...)` and later `delete`s it); results here are handed back the same way,
// so DJL owns and frees them like its own.
//
// No libtorch headers are needed (none are published for DJL's build): the operators are found
// by their mangled names in the libtorch_cpu.so DJL has already loaded, and the few types passed
// across are mirrored below for the x86-64 System V / Itanium C++ ABI of libtorch 2.7.1. The Java
// side (dev.prism.nn.TorchOps) loads this library only for that libtorch version on linux-x86_64
// and otherwise falls back to compositions of DJL operators; its tests compare both paths.
#include <jni.h>
#include <dlfcn.h>
#include <malloc.h>
#include <cstdlib>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

namespace {

// at::Tensor: one c10::intrusive_ptr<TensorImpl>. Non-trivial in C++, so functions returning it
// take a hidden pointer to the result as their first argument (declared explicitly below).
struct Tensor {
  void* impl;
};

// c10::Scalar holding a double: the tag (HAS_d = 0), then a union aligned to 16 bytes because it
// holds a c10::complex<double> (alignas(16)): the value is at offset 16, the whole 32 bytes (read
// off c10::Scalar::operator- in libc10.so 2.7.1).
struct Scalar {
  int32_t tag;
  union alignas(16) {
    double d;
    int64_t i;
    double z[2];
  } v;
};
static_assert(sizeof(Scalar) == 32 && offsetof(Scalar, v) == 16, "c10::Scalar layout");

// c10::ArrayRef<at::Tensor>: pointer and length, trivially copyable (passed by value).
struct TensorList {
  const Tensor* data;
  size_t size;
};

// std::optional<at::Tensor> (libstdc++): the payload, then the engaged flag.
struct OptionalTensor {
  Tensor value;
  bool engaged;
};
static_assert(sizeof(Tensor) == 8 && sizeof(TensorList) == 16 && offsetof(OptionalTensor, engaged) == 8,
              "libtorch type layouts");

// std::optional<c10::MemoryFormat>: the int8 value, then the engaged flag (trivially copyable:
// passed by value in a register).
struct OptionalMemoryFormat {
  int8_t value;
  bool engaged;
};

using UnaryFn = void (*)(Tensor* out, const Tensor* self);
// In-place operators take `at::Tensor& self` and return it (a pointer in the ABI, ignored here).
using InPlaceFn = Tensor* (*)(Tensor* self);
using InPlaceScalarFn = Tensor* (*)(Tensor* self, const Scalar* a);
using InPlaceScalarsFn = Tensor* (*)(Tensor* self, const Scalar* a, const Scalar* b);
using ToDtypeFn = void (*)(Tensor* out, const Tensor* self, int8_t dtype, bool nonBlocking, bool copy,
                           OptionalMemoryFormat memoryFormat);
using HardtanhFn = void (*)(Tensor* out, const Tensor* self, const Scalar* min, const Scalar* max);
using ContiguousFn = void (*)(Tensor* out, const Tensor* self, int8_t memoryFormat);
using FusedAdamFn = void (*)(TensorList params, TensorList grads, TensorList expAvgs, TensorList expAvgSqs,
                             TensorList maxExpAvgSqs, TensorList steps, double lr, double beta1, double beta2,
                             double weightDecay, double eps, bool amsgrad, bool maximize,
                             const OptionalTensor* gradScale, const OptionalTensor* foundInf);

UnaryFn hardswishFn = nullptr;
UnaryFn hardsigmoidFn = nullptr;
HardtanhFn hardtanhFn = nullptr;
ContiguousFn contiguousFn = nullptr;
FusedAdamFn fusedAdamFn = nullptr;
FusedAdamFn fusedAdamWFn = nullptr;
ToDtypeFn toDtypeFn = nullptr;
InPlaceFn reluInPlaceFn = nullptr;
InPlaceFn hardswishInPlaceFn = nullptr;
InPlaceFn hardsigmoidInPlaceFn = nullptr;
InPlaceScalarFn leakyReluInPlaceFn = nullptr;
InPlaceScalarsFn hardtanhInPlaceFn = nullptr;

constexpr int8_t kContiguousFormat = 0;  // c10::MemoryFormat::Contiguous

const Tensor* tensor(jlong handle) { return reinterpret_cast<const Tensor*>(handle); }

Tensor* mutableTensor(jlong handle) { return reinterpret_cast<Tensor*>(handle); }

jlong own(const Tensor& result) { return reinterpret_cast<jlong>(new Tensor{result.impl}); }

void rethrow(JNIEnv* env, const char* op) {
  std::string message = std::string("libtorch ") + op + " failed";
  try {
    throw;
  } catch (const std::exception& e) {
    message += ": ";
    message += e.what();
  } catch (...) {
  }
  jclass cls = env->FindClass("ai/djl/engine/EngineException");
  if (cls == nullptr) {
    env->ExceptionClear();
    cls = env->FindClass("java/lang/IllegalStateException");
  }
  env->ThrowNew(cls, message.c_str());
}

// Runs `call` (which writes one tensor into its argument) and hands the result to Java as a DJL
// handle, or throws a Java exception naming `op`.
template <typename Call>
jlong result(JNIEnv* env, const char* op, Call call) {
  try {
    Tensor out{nullptr};
    call(&out);
    return own(out);
  } catch (...) {
    rethrow(env, op);
    return 0;
  }
}

// Runs `call` (an operator updating tensors in place) or throws a Java exception naming `op`.
template <typename Call>
void inPlace(JNIEnv* env, const char* op, Call call) {
  try {
    call();
  } catch (...) {
    rethrow(env, op);
  }
}

template <typename F>
F find(void* lib, const char* symbol, std::string& missing) {
  void* p = dlsym(lib, symbol);
  if (p == nullptr) {
    missing += missing.empty() ? symbol : std::string(", ") + symbol;
  }
  return reinterpret_cast<F>(p);
}

}  // namespace

extern "C" {

// glibc malloc settings for dev.prism.nn.MallocPolicy: no mmap'd chunks (every block comes from an
// arena and is reused when freed), no trimming of an arena's top below trimThreshold, and a top pad
// large enough that a thread arena's 64 MiB heaps are never unmapped once made. Returns false if
// glibc refused one of them.
JNIEXPORT jboolean JNICALL Java_dev_prism_nn_MallocPolicy_retainFreedMemory(JNIEnv*, jclass, jint trimThreshold,
                                                                            jint topPad) {
  return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1 &&
         mallopt(M_TOP_PAD, topPad) == 1;
}

// Returns freed memory to the kernel: with trimming briefly allowed, a free in the calling thread's
// arena trims its top heap (malloc_trim alone never shrinks a thread arena's top), then
// malloc_trim releases the main arena's top and the free blocks of every arena. Restores the
// settings passed (those of retainFreedMemory). True if malloc_trim returned any memory.
JNIEXPORT jboolean JNICALL Java_dev_prism_nn_MallocPolicy_trim0(JNIEnv*, jclass, jint trimThreshold, jint topPad) {
  mallopt(M_TRIM_THRESHOLD, 0);
  mallopt(M_TOP_PAD, 0);
  free(malloc(1 << 20));
  int released = malloc_trim(0);
  mallopt(M_TRIM_THRESHOLD, trimThreshold);
  mallopt(M_TOP_PAD, topPad);
  return released == 1;
}

// Sets libc10's log threshold (FLAGS_caffe2_log_level: 0 info, 1 warning, 2 error) in the loaded
// libc10.so at `jpath`; libtorch's warnings (TORCH_WARN and LOG(WARNING)) are printed only at or
// above it. Returns the previous level, or -1 if the library or the flag was not found.
JNIEXPORT jint JNICALL Java_dev_prism_nn_TorchLog_setLevel(JNIEnv* env, jclass, jstring jpath, jint level) {
  const char* path = env->GetStringUTFChars(jpath, nullptr);
  void* lib = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
  env->ReleaseStringUTFChars(jpath, path);
  if (lib == nullptr) {
    return -1;
  }
  int* flag = reinterpret_cast<int*>(dlsym(lib, "FLAGS_caffe2_log_level"));
  if (flag == nullptr) {
    return -1;
  }
  int previous = *flag;
  *flag = level;
  return previous;
}

// Resolves the operators in the loaded libtorch_cpu.so (path from DJL). Returns null when all are
// found, else a message naming what is missing.
JNIEXPORT jstring JNICALL Java_dev_prism_nn_TorchOps_init(JNIEnv* env, jclass, jstring jpath) {
  const char* path = env->GetStringUTFChars(jpath, nullptr);
  void* lib = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
  if (lib == nullptr) {
    lib = dlopen(path, RTLD_LAZY);
  }
  env->ReleaseStringUTFChars(jpath, path);
  if (lib == nullptr) {
    const char* error = dlerror();
    return env->NewStringUTF(error != nullptr ? error : "dlopen failed");
  }
  std::string missing;
  hardtanhFn = find<HardtanhFn>(lib, "_ZN2at4_ops8hardtanh4callERKNS_6TensorERKN3c106ScalarES8_", missing);
  hardswishFn = find<UnaryFn>(lib, "_ZN2at4_ops9hardswish4callERKNS_6TensorE", missing);
  hardsigmoidFn = find<UnaryFn>(lib, "_ZN2at4_ops11hardsigmoid4callERKNS_6TensorE", missing);
  contiguousFn = find<ContiguousFn>(lib, "_ZN2at4_ops10contiguous4callERKNS_6TensorEN3c1012MemoryFormatE", missing);
  fusedAdamFn = find<FusedAdamFn>(
      lib, "_ZN2at4_ops12_fused_adam_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_dddddbbRKSt8optionalIS4_ES9_",
      missing);
  fusedAdamWFn = find<FusedAdamFn>(
      lib, "_ZN2at4_ops13_fused_adamw_4callEN3c108ArrayRefINS_6TensorEEES5_S5_S5_S5_S5_dddddbbRKSt8optionalIS4_ES9_",
      missing);
  toDtypeFn = find<ToDtypeFn>(
      lib, "_ZN2at4_ops8to_dtype4callERKNS_6TensorEN3c1010ScalarTypeEbbSt8optionalINS5_12MemoryFormatEE", missing);
  reluInPlaceFn = find<InPlaceFn>(lib, "_ZN2at4_ops5relu_4callERNS_6TensorE", missing);
  hardswishInPlaceFn = find<InPlaceFn>(lib, "_ZN2at4_ops10hardswish_4callERNS_6TensorE", missing);
  hardsigmoidInPlaceFn = find<InPlaceFn>(lib, "_ZN2at4_ops12hardsigmoid_4callERNS_6TensorE", missing);
  leakyReluInPlaceFn = find<InPlaceScalarFn>(lib, "_ZN2at4_ops11leaky_relu_4callERNS_6TensorERKN3c106ScalarE", missing);
  hardtanhInPlaceFn =
      find<InPlaceScalarsFn>(lib, "_ZN2at4_ops9hardtanh_4callERNS_6TensorERKN3c106ScalarES7_", missing);
  return missing.empty() ? nullptr : env->NewStringUTF(("missing symbols: " + missing).c_str());
}

JNIEXPORT jlong JNICALL Java_dev_prism_nn_TorchOps_hardtanh(JNIEnv* env, jclass, jlong x, jdouble min,
                                                           jdouble max) {
  Scalar lo{0, {min}};
  Scalar hi{0, {max}};
  return result(env, "hardtanh", [&](Tensor* out) { hardtanhFn(out, tensor(x), &lo, &hi); });
}

JNIEXPORT jlong JNICALL Java_dev_prism_nn_TorchOps_hardswish(JNIEnv* env, jclass, jlong x) {
  return result(env, "hardswish", [&](Tensor* out) { hardswishFn(out, tensor(x)); });
}

JNIEXPORT jlong JNICALL Java_dev_prism_nn_TorchOps_hardsigmoid(JNIEnv* env, jclass, jlong x) {
  return result(env, "hardsigmoid", [&](Tensor* out) { hardsigmoidFn(out, tensor(x)); });
}

// The in-place forms overwrite x's memory (x keeps its handle): for inference, on results no one
// else reads.
JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_reluInPlace(JNIEnv* env, jclass, jlong x) {
  inPlace(env, "relu_", [&] { reluInPlaceFn(mutableTensor(x)); });
}

JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_hardswishInPlace(JNIEnv* env, jclass, jlong x) {
  inPlace(env, "hardswish_", [&] { hardswishInPlaceFn(mutableTensor(x)); });
}

JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_hardsigmoidInPlace(JNIEnv* env, jclass, jlong x) {
  inPlace(env, "hardsigmoid_", [&] { hardsigmoidInPlaceFn(mutableTensor(x)); });
}

JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_leakyReluInPlace(JNIEnv* env, jclass, jlong x, jdouble slope) {
  Scalar s{0, {slope}};
  inPlace(env, "leaky_relu_", [&] { leakyReluInPlaceFn(mutableTensor(x), &s); });
}

JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_hardtanhInPlace(JNIEnv* env, jclass, jlong x, jdouble min,
                                                                  jdouble max) {
  Scalar lo{0, {min}};
  Scalar hi{0, {max}};
  inPlace(env, "hardtanh_", [&] { hardtanhInPlaceFn(mutableTensor(x), &lo, &hi); });
}

// A contiguous view of x (x itself, shared, when already contiguous): a new handle the caller frees.
JNIEXPORT jlong JNICALL Java_dev_prism_nn_TorchOps_contiguous(JNIEnv* env, jclass, jlong x) {
  return result(env, "contiguous", [&](Tensor* out) { contiguousFn(out, tensor(x), kContiguousFormat); });
}

// x converted to c10::ScalarType `dtype` (6 = Float, 15 = BFloat16), autograd-aware, layout kept.
JNIEXPORT jlong JNICALL Java_dev_prism_nn_TorchOps_toDtype(JNIEnv* env, jclass, jlong x, jint dtype) {
  return result(env, "to(dtype)", [&](Tensor* out) {
    toDtypeFn(out, tensor(x), static_cast<int8_t>(dtype), false, false, OptionalMemoryFormat{0, false});
  });
}

// One Adam (decoupled = false: L2 decay added to the gradient) or AdamW (decoupled = true) update
// of one parameter in place, in one pass over its memory. grad must be contiguous like param;
// step is a one-element tensor holding the step number (1 for the first update).
JNIEXPORT void JNICALL Java_dev_prism_nn_TorchOps_fusedAdam(JNIEnv* env, jclass, jlong param, jlong grad,
                                                           jlong expAvg, jlong expAvgSq, jlong step, jdouble lr,
                                                           jdouble beta1, jdouble beta2, jdouble weightDecay,
                                                           jdouble eps, jboolean decoupled) {
  TensorList params{tensor(param), 1};
  TensorList grads{tensor(grad), 1};
  TensorList m{tensor(expAvg), 1};
  TensorList v{tensor(expAvgSq), 1};
  TensorList none{nullptr, 0};
  TensorList steps{tensor(step), 1};
  OptionalTensor absent{{nullptr}, false};
  inPlace(env, "_fused_adam_", [&] {
    (decoupled ? fusedAdamWFn : fusedAdamFn)(params, grads, m, v, none, steps, lr, beta1, beta2, weightDecay, eps,
                                             false, false, &absent, &absent);
  });
}

}  // extern "C"
