"""cc_proto: C++ (and optionally gRPC) code for .proto files with Debian's protoc, offline.

Bazel's proto_library needs @com_google_protobuf, a download. This macro runs the system
protoc with the proto/ folder as import root, so C++ includes "microloan/ledger/v1/x.pb.h".

    cc_proto(
        name = "ledger_v1_cc",
        srcs = ["microloan/ledger/v1/loan.proto"],
        imports = [":google_rpc_protos"],   # other .proto files these import
        deps = [":google_rpc_cc"],          # their cc_proto targets
        grpc = True,
    )
"""

def cc_proto(name, srcs, imports = [], deps = [], grpc = False, visibility = None):
    outs = []
    for src in srcs:
        base = src[:-len(".proto")]
        outs += [base + ".pb.h", base + ".pb.cc"]
        if grpc:
            outs += [base + ".grpc.pb.h", base + ".grpc.pb.cc"]
    cmd = "protoc -Iproto -I/usr/include --cpp_out=$(GENDIR)/proto "
    if grpc:
        cmd += "--grpc_out=$(GENDIR)/proto --plugin=protoc-gen-grpc=$$(command -v grpc_cpp_plugin) "
    cmd += " ".join(["proto/" + s for s in srcs])
    native.genrule(
        name = name + "_gen",
        srcs = srcs + imports,
        outs = outs,
        cmd = cmd,
    )
    native.cc_library(
        name = name,
        srcs = [o for o in outs if o.endswith(".cc")],
        hdrs = [o for o in outs if o.endswith(".h")],
        includes = ["."],
        deps = deps + ["//third_party:protobuf"] + (["//third_party:grpc"] if grpc else []),
        visibility = visibility,
    )
