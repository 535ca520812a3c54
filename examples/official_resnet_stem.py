# The TensorFlow official ResNet's padding helpers (tensorflow/models official/r1/resnet/resnet_model.py):
# SAME padding depends on the input size, fixed_padding does not.
import tensorflow as tf


def fixed_padding(inputs, kernel_size, data_format):
  pad_total = kernel_size - 1
  pad_beg = pad_total // 2
  pad_end = pad_total - pad_beg
  if data_format == 'channels_first':
    padded_inputs = tf.pad(inputs, [[0, 0], [0, 0], [pad_beg, pad_end], [pad_beg, pad_end]])
  else:
    padded_inputs = tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])
  return padded_inputs


def conv2d_fixed_padding(inputs, filters, kernel_size, strides, data_format):
  if strides > 1:
    inputs = fixed_padding(inputs, kernel_size, data_format)
  return tf.layers.conv2d(
      inputs=inputs, filters=filters, kernel_size=kernel_size, strides=strides,
      padding=('SAME' if strides == 1 else 'VALID'), use_bias=False,
      data_format=data_format)


images = tf.placeholder(tf.float32, [None, 224, 224, 3])
net = conv2d_fixed_padding(images, 64, 7, 2, 'channels_last')
net = tf.layers.max_pooling2d(net, pool_size=3, strides=2, padding='SAME')
same = tf.layers.conv2d(net, 128, 3, strides=2, padding='SAME')
fixed = conv2d_fixed_padding(net, 128, 3, 2, 'channels_last')
