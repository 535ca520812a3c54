# The Caffe -> Keras 1 port question from the README: Caffe's
#   Deconvolution { num_output: 256 kernel_size: 4 stride: 2 pad: 1 }  on a 28x28 input gives 56x56.
# This Keras 1 layer asks the backend for the wrong output_shape (3 channels, 14x14).
from keras.layers import Input, Convolution2D, Deconvolution2D

x = Input(shape=(512, 28, 28))
y = Deconvolution2D(256, 4, 4, border_mode='same', output_shape=(None, 3, 14, 14),
                    subsample=(2, 2), dim_ordering='th')(x)
