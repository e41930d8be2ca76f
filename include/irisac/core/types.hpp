#pragma once
/// \file Basic numeric types of irisac. Double precision throughout; sizes are signed (Eigen::Index).
#include <complex>

#include <Eigen/Core>

namespace irisac {
using Index = Eigen::Index;
using Complex = std::complex<double>;
using RVec = Eigen::VectorXd;
using CVec = Eigen::VectorXcd;
using RMat = Eigen::MatrixXd;
using CMat = Eigen::MatrixXcd;
using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

inline constexpr Complex j_unit{0.0, 1.0};  ///< the imaginary unit j
}  // namespace irisac
