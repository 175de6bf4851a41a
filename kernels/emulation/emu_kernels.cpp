// The emulation library's kernels: the unchanged kernels/*.cu files, compiled by g++ against
// cuda_emu.h, each extern "C" entry point registered by name for cuModuleGetFunction.
// A kernel added to a .cu file must be added here too; the C# tests check that every entry point in
// the PTX of every embedded .cu file is registered.
#include "cuda_emu.h"

#include "../resample.cu"
EMU_REGISTER(expotion_resample_align_corners_f32)
EMU_REGISTER(expotion_resample_grid_f32)

#include "../smooth.cu"
EMU_REGISTER(expotion_smooth_gaussian_f32)
EMU_REGISTER(expotion_smooth_exponential_f32)
EMU_REGISTER(expotion_smooth_exponential_step_f32)
EMU_REGISTER(expotion_smooth_one_euro_f32)

#include "../flow.cu"
EMU_REGISTER(expotion_flow_filter_rows_f32)
EMU_REGISTER(expotion_flow_filter_cols_f32)
EMU_REGISTER(expotion_flow_gradient_f32)
EMU_REGISTER(expotion_flow_tensor_inverse_f32)
EMU_REGISTER(expotion_flow_residual_f32)
EMU_REGISTER(expotion_flow_solve_f32)
EMU_REGISTER(expotion_flow_upsample_f32)

#include "../frame_ops.cu"
EMU_REGISTER(expotion_frame_gray_downscale_u8)
EMU_REGISTER(expotion_frame_pool_grid_f32)

#include "selftest.cu"
EMU_REGISTER(expotion_selftest_reduce_f32)
EMU_REGISTER(expotion_selftest_shift_nobarrier_f32)
EMU_REGISTER(expotion_selftest_shift_f32)
EMU_REGISTER(expotion_selftest_overread_f32)
EMU_REGISTER(expotion_selftest_divergent_f32)
