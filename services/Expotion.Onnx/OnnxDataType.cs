namespace Expotion.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> values used by the converter.</summary>
public enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
}
